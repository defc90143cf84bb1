export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/notices/index',
    'pages/mine/index',
    'pages/notice-detail/index',
    'pages/notice-edit/index',
    'pages/bind/index',
    'pages/household/index',
    'pages/roster/index',
    'pages/household-edit/index',
    'pages/print-codes/index',
    'pages/bind-requests/index',
    'pages/ledger/index',
    'pages/audit/index',
    // Issue 4, residents: the plan, an item, comments/objections, my door, the stages, my feedback.
    'pages/plan/index',
    'pages/plan-item/index',
    'pages/feedback-new/index',
    'pages/my-door/index',
    'pages/timeline/index',
    'pages/my-feedback/index',
    // Issue 4, the office: the draft plan, an item, moving stages, answering feedback, item progress.
    'pages/plan-edit/index',
    'pages/plan-item-edit/index',
    'pages/stage-advance/index',
    'pages/feedback-queue/index',
    'pages/item-progress/index',
    // The demo sign-in exists only in the local (H5) build: WeChat says who you are.
    ...(process.env.TARO_ENV === 'weapp' ? [] : ['pages/signin/index']),
  ],
  // Issue 5 and later: new pages live in subpackages (the main package is near WeChat's limit).
  subPackages: [
    // Residents: ballots, voting, results.
    { root: 'packageVote', pages: ['ballots/index', 'ballot/index', 'ballot-result/index'] },
    // The office: ballot editing, the live count and the door-knock list, paper ballots and proxies;
    // issue 6: the report queue (also a party's), acceptance, parties, the district's report overview.
    { root: 'packageOffice', pages: ['ballot-edit/index', 'ballot-office/index', 'paper-ballots/index', 'report-queue/index', 'acceptance/index', 'parties/index', 'district-reports/index'] },
    // Issue 6, residents: supervision during the works, issue reports (报事报修) after acceptance.
    { root: 'packageWorks', pages: ['works/index', 'works-item/index', 'report-new/index', 'my-reports/index', 'report-detail/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '共建',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#b3261e',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/notices/index', text: '公告' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
})
