/**
 * Replaces fetch with a scripted backend: each `{ fn, action }` answers from a table, and
 * every call is recorded so tests can assert what the page sent.
 */
export interface Sent {
  fn: string
  action: string
  data: unknown
  token: string | null
}

export function fakeBackend(answers: Record<string, (data: any) => unknown>) {
  const sent: Sent[] = []
  globalThis.fetch = (async (url: string, init?: { body?: string; headers?: Record<string, string> }) => {
    const fn = String(url).replace('/api/fn/', '')
    const event = JSON.parse(init?.body ?? '{}') as { action: string; data: unknown }
    const auth = init?.headers?.authorization ?? null
    sent.push({ fn, action: event.action, data: event.data, token: auth ? auth.replace('Bearer ', '') : null })
    const answer = answers[`${fn}.${event.action}`]
    const body = answer ? answer(event.data) : { ok: false, code: 'UNKNOWN_ACTION', message: '不支持这项操作' }
    return { json: async () => body } as Response
  }) as typeof fetch
  return sent
}

export const ok = (data: unknown) => ({ ok: true, data })
