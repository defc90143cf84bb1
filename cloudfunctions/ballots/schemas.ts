import * as z from 'zod/mini'
import { answerSchema, questionSchema, QUESTIONS_MAX, type Question } from '../../src/core/ballot'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
export const versionSchema = z.number().check(z.int(), z.minimum(1))
/** District officers name the community; the office and residents act on their own. */
const communityId = z.optional(idSchema)

export const BALLOT_TITLE_MAX = 60
/** The longest a ballot may run (opening to closing). */
export const BALLOT_MAX_DAYS = 60
export const ASSISTED_BY_MAX = 40

const instant = z.string().check(
  z.refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(new Date(s).getTime()), {
    message: '时间格式不对，请重新选择日期和时间',
  }),
)

/** A question as the office sends it: `_id` may be left out (the function gives one). */
type WithOptionalId<Q> = Q extends unknown ? Omit<Q, '_id'> & { _id?: string } : never
export type QuestionInput = WithOptionalId<Question>

const questionIdSchema = z.optional(z.string().check(z.minLength(1), z.maxLength(80)))
/* eslint-disable @typescript-eslint/no-explicit-any */
export const questionInputSchema = z.discriminatedUnion(
  'kind',
  questionSchema._zod.def.options.map((o: any) => z.extend(o, { _id: questionIdSchema })) as any,
) as unknown as z.ZodMiniType<QuestionInput>
/* eslint-enable @typescript-eslint/no-explicit-any */

export const draftFields = {
  title: z.string().check(z.trim(), z.minLength(1, '请填写投票名称'), z.maxLength(BALLOT_TITLE_MAX, `投票名称不能超过 ${BALLOT_TITLE_MAX} 个字`)),
  opensAt: instant,
  closesAt: instant,
  showRunningConsent: z.boolean('请选择是否公布赞成情况'),
  questions: z.array(questionInputSchema).check(z.minLength(1, '请至少添加一个问题'), z.maxLength(QUESTIONS_MAX, `一次投票最多 ${QUESTIONS_MAX} 个问题`)),
}

export const listInput = z.object({ communityId })
export const createInput = z.object({ communityId, ...draftFields })
export const updateInput = z.object({ ballotId: idSchema, version: versionSchema, ...draftFields })
export const versionedInput = z.object({ ballotId: idSchema, version: versionSchema })
export const ballotInput = z.object({ ballotId: idSchema })
export const getInput = z.object({ ballotId: idSchema, householdId: z.optional(idSchema) })

/** A client request id: a uuid or the like, generated once per submission attempt and reused on retry. */
export const requestIdSchema = z.string().check(
  z.regex(/^[A-Za-z0-9_-]{8,64}$/, '提交编号不对，请刷新页面后重新投票'),
  // Confirmed paper ballots are stored under `paper-<id>`: an online request may not take such an id.
  z.refine((id) => !id.startsWith('paper-'), '提交编号不对，请刷新页面后重新投票'),
)

export const castInput = z.object({
  ballotId: idSchema,
  householdId: idSchema,
  requestId: requestIdSchema,
  /** The household's votes document version the page was showing (0 = no vote yet). */
  version: z.number().check(z.int(), z.minimum(0)),
  answers: z.array(answerSchema).check(z.minLength(1, '请至少回答一个问题'), z.maxLength(QUESTIONS_MAX)),
  /** Who helped (assisted voting), e.g. "孙女 王小明" / "网格员 李某". */
  assistedBy: z.optional(z.string().check(z.trim(), z.maxLength(ASSISTED_BY_MAX, `帮助投票的人不能超过 ${ASSISTED_BY_MAX} 个字`))),
})

export const verifyInput = z.object({
  ballotId: idSchema,
  receipt: z.string().check(z.maxLength(40, '回执编码不对')),
})

export const doorKnockInput = z.object({ ballotId: idSchema, format: z.optional(z.literal('xlsx')) })
