export default definePageConfig({ navigationBarTitleText: '施工监督' })
