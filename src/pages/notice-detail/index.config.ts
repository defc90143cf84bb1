export default definePageConfig({
  navigationBarTitleText: '公告详情',
  usingComponents: process.env.TARO_ENV === 'weapp' ? { 'period-meter': '../../components/period-meter/index' } : {},
})
