export default definePageConfig({ navigationBarTitleText: '投票和意见征询' })
