export default definePageConfig({ navigationBarTitleText: '投票计票（社区）' })
