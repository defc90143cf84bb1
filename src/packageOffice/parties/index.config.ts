export default definePageConfig({ navigationBarTitleText: '参建单位' })
