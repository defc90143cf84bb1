export default definePageConfig({ navigationBarTitleText: '报修概况' })
