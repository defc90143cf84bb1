/** Stage gates (src/core/stages.ts): each gate opens exactly when its facts say so. */
import { AppError } from '@/core/errors'
import { checkAdvance, gateProblems, nextStage, STAGES, type GateFacts } from '@/core/stages'

/** A project where every gate is open. */
const OPEN: GateFacts = {
  households: 120,
  openSurveys: 0,
  publishedEdition: 1,
  draftPending: false,
  publicityEnded: true,
  unansweredObjections: 0,
  chosenItems: 5,
  undecidedItems: 0,
  unfinishedItems: 0,
  unacceptedItems: 0,
  documents: 1,
}

test('thirteen stages in the seed\'s order, each followed by the next', () => {
  expect(STAGES).toHaveLength(13)
  expect(nextStage('publicity')).toBe('approval')
  expect(nextStage('management')).toBeNull()
})

test('every gate is open when every fact is good', () => {
  for (const stage of STAGES.slice(1)) expect(gateProblems(stage, OPEN)).toEqual([])
})

test.each([
  ['consultation', { households: 0 }, '还没有导入住户名册'],
  ['design', { openSurveys: 2 }, '还有 2 个意见征询没有结束'],
  ['publicity', { publishedEdition: null }, '方案还没有发布公示'],
  ['approval', { publicityEnded: false }, '方案公示期还没有结束'],
  ['approval', { unansweredObjections: 3 }, '还有 3 条公示期异议没有答复'],
  ['approval', { draftPending: true }, '尚未发布的修订'],
  ['approval', { documents: 0 }, '立项批复文件'],
  ['budget', { documents: 0 }, '评审报告'],
  ['tender', { documents: 0 }, '中标通知书'],
  ['start', { chosenItems: 0 }, '还没有确定要实施的项目'],
  ['start', { undecidedItems: 4 }, '还有 4 个项目没有经过业主共同决定'],
  ['completion', { unfinishedItems: 1 }, '还有 1 个项目没有完工'],
  ['filing', { unacceptedItems: 2 }, '还有 2 个项目没有通过业主代表参加的验收'],
  ['filing', { documents: 0 }, '备案证明'],
] as const)('%s is closed by %j', (to, change, words) => {
  const problems = gateProblems(to, { ...OPEN, ...change })
  expect(problems).toHaveLength(1)
  expect(problems[0]).toContain(words)
})

test('stages without a document requirement need none', () => {
  for (const stage of ['consultation', 'design', 'publicity', 'works', 'completion', 'acceptance', 'management'] as const) {
    expect(gateProblems(stage, { ...OPEN, documents: 0 })).toEqual([])
  }
})

test('approval lists every unmet condition at once', () => {
  const problems = gateProblems('approval', { ...OPEN, publicityEnded: false, unansweredObjections: 1, documents: 0 })
  expect(problems).toHaveLength(3)
})

test('only the next stage, and only through an open gate', () => {
  expect(() => checkAdvance('publicity', 'approval', OPEN)).not.toThrow()
  const skip = () => checkAdvance('publicity', 'budget', OPEN)
  expect(skip).toThrow(AppError)
  expect(skip).toThrow('只能从“方案公示”进入下一阶段“立项”')
  expect(() => checkAdvance('approval', 'publicity', OPEN)).toThrow('只能从')
  expect(() => checkAdvance('management', 'management', OPEN)).toThrow('已是最后阶段')
  try {
    checkAdvance('publicity', 'approval', { ...OPEN, unansweredObjections: 2 })
    throw new Error('not refused')
  } catch (e) {
    expect((e as AppError).code).toBe('STAGE_GATE')
    expect((e as AppError).message).toBe('还不能进入“立项”：还有 2 条公示期异议没有答复。')
  }
})
