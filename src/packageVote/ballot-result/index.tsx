import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Question } from '@/core/ballot'
import { formatChinaDateTime } from '@/core/time'
import { RECEIPT_PATTERN } from '@/core/votes'
import { ActionButton } from '@/components/ActionButton'
import { periodLabel, PhaseTag, QuestionTallyCard } from '@/components/BallotParts'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { ballotsApi } from '@/services/ballots'
import { plansApi } from '@/services/plans'
import { saveList } from './save-list'

/** "abcd efgh jkmn" / "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN"; null when it cannot be a receipt code. */
function normaliseReceipt(text: string): string | null {
  const bare = text.toUpperCase().replace(/[\s\-－—]/g, '')
  if (bare.length !== 12) return null
  const code = `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`
  return RECEIPT_PATTERN.test(code) ? code : null
}

type Verified = Awaited<ReturnType<typeof ballotsApi.verifyReceipt>>

/** 核对回执: anyone of the community checks what a receipt recorded and whether it still counts. */
function ReceiptCheck({ ballotId, initial }: { ballotId: string; initial: string }) {
  const [text, setText] = useState(initial)
  const [problem, setProblem] = useState<string | null>(null)
  const [found, setFound] = useState<Verified | null>(null)
  const { busy, error, submit } = useSubmit()
  async function check() {
    setFound(null)
    const code = normaliseReceipt(text)
    if (!code) return setProblem('回执编码是 12 个字母或数字，格式如 ABCD-EFGH-JKMN，请核对后再试。')
    setProblem(null)
    await submit(async () => setFound(await ballotsApi.verifyReceipt(ballotId, code)))
  }
  return (
    <View className="gj-card" role="region" aria-label="核对回执">
      <Text className="gj-card-title">核对回执</Text>
      <Text className="gj-muted">输入投票后得到的回执编码，可以看到这次投票记录的内容，以及它现在是否计入。</Text>
      <TextField id="receipt" label="回执编码" value={text} maxLength={20} placeholder="例如 ABCD-EFGH-JKMN" onChange={setText} />
      <ErrorNote message={problem ?? error} />
      <View className="gj-actions">
        <ActionButton loading={busy} onClick={() => void check()}>
          核对回执
        </ActionButton>
      </View>
      {found && (
        <View>
          <OkNote
            message={
              found.standing
                ? `找到了：这份投票于 ${formatChinaDateTime(found.at)} 提交，是本户现在有效的投票，已计入。`
                : found.answers.some((a) => a.standing)
                  ? `找到了：这份投票于 ${formatChinaDateTime(found.at)} 提交。标明“不再计入”的回答，之后本户或同一业主名下的其他房屋又投过票，以最后一次为准；其余回答仍计入。`
                  : `找到了：这份投票于 ${formatChinaDateTime(found.at)} 提交，之后本户或同一业主名下的其他房屋又投过票，以最后一次为准，这一份不再计入。`
            }
          />
          <View role="list" aria-label="这张回执记录的回答">
            {found.answers.map((a) => (
              <Text key={a.questionId} className="gj-body" role="listitem">
                · {a.title}：{a.answer}
                {!found.standing && a.standing === false ? '（不再计入）' : ''}
              </Text>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}

/**
 * 投票结果 (?id=, optional &receipt=): per question the live or final participation with its gap,
 * consent when the ballot shows it (always once closed), survey counts and shares; once closed
 * the anonymised ballot list to download; a form to check a receipt.
 */
export default function BallotResult() {
  useSession()
  const params = useRouter().params
  const id = params.id ?? ''
  const ballot = useRemote(() => ballotsApi.get(id), [id])
  const tally = useRemote(() => ballotsApi.tally(id), [id])
  const questions = new Map<string, Question>((ballot.data?.questions ?? []).map((q) => [q._id, q]))
  const needsPlan = [...questions.values()].some((q) => q.kind === 'menu')
  const plan = useRemote(async () => (needsPlan ? plansApi.get() : null), [needsPlan])
  const itemTitles: Record<string, string> = {}
  for (const i of plan.data?.items ?? []) itemTitles[i._id] = i.title
  const download = useSubmit()
  const [saved, setSaved] = useState<string | null>(null)

  const t = tally.data
  const b = ballot.data
  const closed = t?.phase === 'closed'

  async function downloadList() {
    setSaved(null)
    await download.submit(async () => {
      const file = await ballotsApi.downloadList(id)
      setSaved(await saveList(file.fileName, file.json))
    })
  }

  return (
    <Screen>
      <Text className="gj-title">{b ? b.title : '投票结果'}</Text>
      {t && (
        <View>
          <PhaseTag phase={t.phase} />
        </View>
      )}
      {b && <Text className="gj-body">{periodLabel(b.opensAt, b.closesAt)}</Text>}
      <ErrorNote message={tally.error} />
      {tally.loading && !t && <Text className="gj-muted">正在加载…</Text>}
      {t && (
        <Text className="gj-body">
          {closed
            ? '投票已经结束，下面是最终结果。'
            : t.phase === 'open'
              ? '投票正在进行，下面是实时的参与情况，每有一户投票就会更新。'
              : '投票还没有开始。'}
        </Text>
      )}
      {closed && b?.resultNoticeId && (
        <View className="gj-actions">
          <ActionButton onClick={() => void Taro.navigateTo({ url: `/pages/notice-detail/index?id=${encodeURIComponent(b.resultNoticeId!)}` })}>
            查看结果公告
          </ActionButton>
        </View>
      )}
      {t?.questions.map((q) => <QuestionTallyCard key={q.questionId} tally={q} question={questions.get(q.questionId)} itemTitles={itemTitles} phase={t.phase} />)}

      {closed && (
        <View className="gj-card" role="region" aria-label="匿名选票名单">
          <Text className="gj-card-title">匿名选票名单</Text>
          <Text className="gj-body">
            每一行是一户业主对一个表决事项的选票：回执编码的 SHA-256 摘要、问题、选择和专有面积，没有姓名和房号。用它可以核对自己的选票，也可以重新计票（npm run recount）。
          </Text>
          <ErrorNote message={download.error} />
          <OkNote message={saved} />
          <View className="gj-actions">
            <ActionButton loading={download.busy} onClick={() => void downloadList()}>
              下载匿名选票名单
            </ActionButton>
          </View>
        </View>
      )}

      {id && <ReceiptCheck ballotId={id} initial={params.receipt ?? ''} />}
    </Screen>
  )
}
