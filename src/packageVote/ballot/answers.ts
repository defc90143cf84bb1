import type { Answer, Question, VoteChoice } from '@/core/ballot'
import { VOTE_CHOICE_LABELS } from '@/core/ballot'

/** What the page holds for one question while the resident fills the ballot in. */
export interface DraftAnswer {
  choice?: VoteChoice
  picks?: (number | string)[]
  text?: string
}

export function fromAnswer(a: Answer): DraftAnswer {
  if ('choice' in a) return { choice: a.choice }
  if ('picks' in a) return { picks: [...a.picks] }
  return { text: a.text }
}

/** The answer to send, or null when the question is left unanswered. */
export function toAnswer(q: Question, d: DraftAnswer | undefined): Answer | null {
  if (!d) return null
  if (q.kind === 'decision' || q.kind === 'yesno') return d.choice ? { questionId: q._id, choice: d.choice } : null
  if (q.kind === 'text') return d.text && d.text.trim() ? { questionId: q._id, text: d.text.trim() } : null
  return d.picks && d.picks.length > 0 ? { questionId: q._id, picks: [...d.picks] } : null
}

/** An answer in words: 同意 / the options' texts / the items' titles / the text. */
export function answerLabel(q: Question, a: Answer, itemTitles: Record<string, string>): string {
  if ('choice' in a) return VOTE_CHOICE_LABELS[a.choice]
  if ('text' in a) return a.text
  if (q.kind === 'choice') return a.picks.map((p) => q.options[Number(p)] ?? `选项 ${Number(p) + 1}`).join('、')
  return a.picks.map((p) => itemTitles[String(p)] ?? String(p)).join('、')
}

/** "孙女 王小明" / "网格员 李某": who helped an assisted vote. */
export const ASSISTED_BY_MAX = 40

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A client request id (25 characters): made once per submission attempt and sent again unchanged
 * when the same answers are retried after a network failure, so the ballots function stores them
 * once. Uses the platform's secure random numbers where there are any.
 */
export function newRequestId(): string {
  const bytes = new Uint8Array(24)
  // The mini-program has no Web Crypto (its random API is asynchronous): uniqueness is all that is needed here.
  const c = typeof crypto !== 'undefined' ? crypto : undefined
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  let id = 'r'
  for (let i = 0; i < bytes.length; i++) id += ALPHABET[bytes[i] % ALPHABET.length]
  return id
}
