export default definePageConfig({ navigationBarTitleText: '改造项目' })
