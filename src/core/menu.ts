/**
 * The renovation "menu" (seed 五, with the categories of 国办发〔2020〕23号): what an office picks
 * items from. Each entry suggests how the item is decided and shared; the office may change both.
 */
import type { DecisionKind, ShareRule } from './plan'

export const CATEGORIES = ['basic', 'improvement', 'upgrade'] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_LABELS: Record<Category, string> = { basic: '基础类', improvement: '完善类', upgrade: '提升类' }

export interface MenuEntry {
  key: string
  label: string
  category: Category
  decision: DecisionKind
  share: ShareRule
  /** A utility company owns these lines and pays for its own pipes (水电气暖讯). */
  utility?: boolean
  /** Decided and paid per stairwell unit (elevator retrofits). */
  perUnit?: boolean
}

const basic = (key: string, label: string, more: Partial<MenuEntry> = {}): MenuEntry => ({
  key, label, category: 'basic', decision: 'ordinary', share: 'area', ...more,
})
const improvement = (key: string, label: string, more: Partial<MenuEntry> = {}): MenuEntry => ({
  key, label, category: 'improvement', decision: 'ordinary', share: 'area', ...more,
})
const upgrade = (key: string, label: string, more: Partial<MenuEntry> = {}): MenuEntry => ({
  key, label, category: 'upgrade', decision: 'major', share: 'area', ...more,
})

export const MENU: readonly MenuEntry[] = [
  basic('water', '供水管网改造', { utility: true, decision: 'major' }),
  basic('drainage', '排水管网改造', { utility: true, decision: 'major' }),
  basic('power', '供电线路改造', { utility: true, decision: 'major' }),
  basic('gas', '供气管道改造', { utility: true, decision: 'major' }),
  basic('heating', '供热管网改造', { utility: true, decision: 'major' }),
  basic('fire', '消防设施改造'),
  basic('roads', '小区道路修缮'),
  basic('parking', '停车场地整治'),
  basic('septic', '化粪池清淤'),
  basic('walls', '墙体及楼梯间整修粉饰', { decision: 'major' }),
  basic('handrails', '楼梯扶手更换'),
  basic('entrance', '单元入口台阶坡道'),
  basic('doors-windows', '公共区域门窗更换'),
  basic('downpipes', '落水管更换'),
  basic('illegal-structures', '拆除违章建筑'),
  basic('clutter', '楼道杂物清理', { decision: 'survey', share: 'equal' }),
  basic('fumes', '油烟乱排整治'),
  basic('boundary-walls', '围墙修缮'),
  basic('lighting', '照明设施'),
  basic('cables', '架空管线规整', { utility: true }),
  basic('signs', '道路楼门牌标识', { share: 'equal' }),
  basic('bins', '垃圾容器', { share: 'equal' }),
  basic('bike-sheds', '（电动）自行车棚', { share: 'equal' }),
  basic('roof', '屋面防水', { decision: 'major' }),
  improvement('greening', '绿化提升'),
  improvement('barrier-free', '无障碍设施'),
  improvement('market', '便民市场'),
  improvement('parcels', '快递服务场所', { share: 'equal' }),
  improvement('letterboxes', '智能信报箱', { share: 'equal' }),
  improvement('charging', '充电桩', { share: 'equal' }),
  improvement('security', '智能安防', { share: 'equal' }),
  improvement('waste-sorting', '垃圾分类设施', { share: 'equal' }),
  upgrade('elevator', '加装电梯', { share: 'floor', perUnit: true }),
  upgrade('clinic', '社区医疗'),
  upgrade('care', '养老抚幼设施'),
  upgrade('housekeeping', '家政服务站'),
  upgrade('toilet', '公共厕所'),
  upgrade('culture', '文化活动室'),
  upgrade('fitness', '健身小广场'),
  upgrade('property-office', '物业管理用房'),
  upgrade('shop', '便利店/配餐'),
  { key: 'other', label: '其他', category: 'basic', decision: 'ordinary', share: 'area' },
]

export const MENU_KEYS = MENU.map((m) => m.key) as [string, ...string[]]

export function menuEntry(key: string): MenuEntry | undefined {
  return MENU.find((m) => m.key === key)
}
