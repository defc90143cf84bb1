export default definePageConfig({ navigationBarTitleText: '共建 · 我的小区' })
