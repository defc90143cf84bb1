export default definePageConfig({ navigationBarTitleText: '改造方案（社区）' })
