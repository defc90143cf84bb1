/**
 * The closed set of outcome codes every handler can return, and the one table of
 * Chinese messages the UI shows for them. Developers get `detail` as well.
 */
export const ERROR_MESSAGES = {
  UNAUTHENTICATED: '无法确认您的身份，请重新进入小程序或重新登录。',
  NOT_REGISTERED: '您的微信还没有登记到本小区，请先绑定房屋或联系社区。',
  FORBIDDEN: '您没有权限进行这项操作。',
  INVALID_INPUT: '填写的内容有误，请检查后再提交。',
  UNKNOWN_ACTION: '不支持这项操作，请更新小程序后重试。',
  NOT_FOUND: '没有找到这条内容，它可能已被删除。',
  CONFLICT: '这条内容刚被别人修改过，请刷新后再试。',
  NOTICE_NOT_DRAFT: '只有草稿可以修改或发布，已发布的公告不能再改动。',
  NOTICE_NOT_PUBLISHED: '这条公告没有处于发布状态。',
  INTERNAL: '系统暂时出了点问题，您填写的内容没有保存，请稍后再试。',

  // Files (Excel import)
  FILE_INVALID: '这个文件打不开或不是 Excel 表格（.xlsx），请检查后重新选择。',
  FILE_TOO_LARGE: '文件太大了，请拆分后再导入。',
  IMPORT_REJECTED: '表格里有错误，没有导入任何数据。请按错误清单逐行改正后重新导入。',

  // Binding a WeChat user to a household
  CODE_INVALID: '绑定码不对，请核对后重新输入（注意区分数字 0 和字母 O）。',
  CODE_EXPIRED: '这个绑定码已过期，请向社区索取新的绑定码。',
  CODE_USED: '这个绑定码已经用过了，每个绑定码只能用一次。',
  CODE_LOCKED: '输错次数太多，已暂时锁定，请一小时后再试或联系社区。',
  OWNER_MISMATCH: '您填写的业主信息和房产登记不一致，请核对姓名和身份证后四位，或以家庭成员身份绑定。',
  ALREADY_MEMBER: '您已经绑定了这户房屋。',
  REQUEST_PENDING: '您已提交过申请，社区正在审核，请耐心等待。',
  LAST_OWNER: '这是这户唯一绑定的业主，不能移除。',

  // Plans, stages and feedback
  PLAN_NOT_DRAFT: '方案已经发布，公示中的版本不能改动。如需修改，请先点“修订方案”新建一个版本。',
  PLAN_NOT_PUBLISHED: '方案还没有发布。',
  FUNDING_MISMATCH: '各方出资加起来和估算费用不一致，请核对。',
  SCOPE_OUTSIDE: '选择的楼栋或单元不属于本小区。',
  SHARE_IMPOSSIBLE: '居民出资无法分摊到住户，请检查项目范围和分摊方式。',
  STAGE_GATE: '还不满足进入下一阶段的条件。',
  PUBLICITY_CLOSED: '方案不在公示期内，现在不能提出公示异议；您可以留言提意见。',

  // Ballots and votes
  BALLOT_NOT_OPEN: '投票还没有开始，请在开始时间之后再来。',
  BALLOT_CLOSED: '投票已经结束，不能再投票或修改。',
  NOT_IN_SCOPE: '这个问题不在您家所在的范围内，您不能回答。',
  OWNERS_ONLY: '这是业主共同决定事项，只有业主本人或业主书面委托的代理人才能投票；租户和家庭成员可以参加意见征询。',
  VOTE_CONFLICT: '这户业主同时有网上投票和纸质选票，需要社区和业主核实后才计入。',
  REQUEST_REPLAYED: '这次提交的编号已经用过，但内容不同，没有保存。请刷新页面后重新投票。',
  RECEIPT_INVALID: '没有找到这张回执，请核对回执编码。',

  // Works, acceptance and issue reports
  ITEM_NOT_ACCEPTED: '这个项目还没有验收，施工期间发现的问题请到“施工监督”里反映。',
  STATUS_JUMP: '报修单不能跳过步骤办理，请按顺序操作。',
  ACCEPTANCE_INCOMPLETE: '验收记录还不完整，请补齐后再提交。',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

/** One problem in an imported sheet: 1-based sheet row, the column's header, a Chinese message. */
export interface RowError {
  row: number
  column: string
  message: string
}

/** A refusal with a code from the closed set; handlers turn it into `{ ok: false, code, message }`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly detail?: string
  /** Row-by-row report of a refused import (IMPORT_REJECTED) or of a refused roster edit. */
  readonly errors?: RowError[]
  constructor(code: ErrorCode, detail?: string, userMessage?: string, errors?: RowError[]) {
    super(userMessage ?? ERROR_MESSAGES[code])
    this.code = code
    this.detail = detail
    if (errors) this.errors = errors
  }
}

export type Ok<T> = { ok: true; data: T }
export type Failure = { ok: false; code: ErrorCode; message: string; detail?: string; errors?: RowError[] }
export type Result<T> = Ok<T> | Failure

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_MESSAGES
}
