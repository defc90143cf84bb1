export default definePageConfig({ navigationBarTitleText: '打印绑定码' })
