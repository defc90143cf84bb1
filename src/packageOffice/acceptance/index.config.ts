export default definePageConfig({ navigationBarTitleText: '验收' })
