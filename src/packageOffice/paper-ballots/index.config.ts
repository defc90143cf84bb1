export default definePageConfig({ navigationBarTitleText: '纸质选票和投票委托' })
