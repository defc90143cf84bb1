export default definePageConfig({ navigationBarTitleText: '意见和异议' })
