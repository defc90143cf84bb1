// Native mini-program component: the 公示 period meter. The page computes percent and label
// (src/core/notice.ts); this only clamps and draws them.
Component({
  properties: {
    percent: { type: Number, value: 0 },
    label: { type: String, value: '' },
    ended: { type: Boolean, value: false },
  },
  data: { width: 0 },
  observers: {
    percent(value) {
      const n = Number(value)
      this.setData({ width: Number.isFinite(n) ? Math.max(0, Math.min(100, Math.round(n))) : 0 })
    },
  },
})
