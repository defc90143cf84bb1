import { ActionButton } from '@/components/ActionButton'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useSession } from '@/hooks/useSession'
import { isLocalMode, setToken } from '@/services/session'
import { useAccount } from '@/stores/account'
import { useSettings } from '@/stores/settings'

/** 我的: who I am, the elder-mode switch, and (local demo only) switching identity. */
export default function Mine() {
  const { me, error } = useSession()
  const { elder, setElder } = useSettings()
  const reset = useAccount((s) => s.reset)
  const switchIdentity = () => {
    setToken(null)
    reset()
    void Taro.reLaunch({ url: '/pages/signin/index' })
  }
  return (
    <Screen>
      <Text className="gj-title">我的</Text>
      <ErrorNote message={error} />
      {me && (
        <View className="gj-card">
          <Text className="gj-card-title">{me.user.name}</Text>
          <Text className="gj-muted">
            {me.user.roleLabel}
            {me.community ? ` · ${me.community.name}` : ''}
            {me.households.length ? ` · ${me.households.map((h) => h.label).join('、')}` : ''}
          </Text>
        </View>
      )}
      {me && (me.user.role === 'resident' || me.user.role === 'visitor') && (
        <View className="gj-actions">
          <ActionButton onClick={() => Taro.navigateTo({ url: me.user.role === 'visitor' ? '/pages/bind/index' : '/pages/household/index' })}>
            {me.user.role === 'visitor' ? '绑定我的房屋' : '我的房屋'}
          </ActionButton>
        </View>
      )}
      <View className="gj-card">
        <Text className="gj-card-title">长辈模式（大字体、大按钮）</Text>
        <Text className="gj-muted">{elder ? '已开启：所有页面都会用大字显示。' : '已关闭。看不清时可以打开。'}</Text>
        <View className="gj-actions">
          <ActionButton primary={!elder} onClick={() => setElder(!elder)}>
            {elder ? '关闭长辈模式' : '打开长辈模式'}
          </ActionButton>
        </View>
      </View>
      {isLocalMode && (
        <View className="gj-actions">
          <ActionButton onClick={switchIdentity}>
            切换演示身份
          </ActionButton>
        </View>
      )}
    </Screen>
  )
}
