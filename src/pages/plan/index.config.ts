export default definePageConfig({
  navigationBarTitleText: '改造方案',
  usingComponents: process.env.TARO_ENV === 'weapp' ? { 'period-meter': '../../components/period-meter/index' } : {},
})
