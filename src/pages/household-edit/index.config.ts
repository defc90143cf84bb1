export default definePageConfig({ navigationBarTitleText: '修改住户信息' })
