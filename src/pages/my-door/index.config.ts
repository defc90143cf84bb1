export default definePageConfig({ navigationBarTitleText: '我家门口的变化' })
