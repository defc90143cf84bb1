export default definePageConfig({ navigationBarTitleText: '投票结果' })
