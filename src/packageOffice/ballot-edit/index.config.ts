export default definePageConfig({ navigationBarTitleText: '投票（社区）' })
