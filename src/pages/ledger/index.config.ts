export default definePageConfig({ navigationBarTitleText: '老旧小区项目库' })
