import { ActionButton } from '@/components/ActionButton'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { isLocalMode, listDemoIdentities, signInAs, type DemoIdentity } from '@/services/session'
import { useAccount } from '@/stores/account'

/**
 * Local demo only: H5 has no WeChat login, so pick one of the invented demo identities.
 * In the mini-program WeChat says who you are and this page is never shown.
 */
export default function SignIn() {
  const [identities, setIdentities] = useState<DemoIdentity[]>([])
  const [error, setError] = useState<string | null>(null)
  const reset = useAccount((s) => s.reset)
  useEffect(() => {
    if (!isLocalMode) return
    listDemoIdentities()
      .then(setIdentities)
      .catch(() => setError('连接不上本地演示服务器，请确认 npm start 正在运行。'))
  }, [])
  async function choose(openid: string) {
    setError(null)
    try {
      await signInAs(openid)
      reset()
      await Taro.switchTab({ url: '/pages/home/index' })
    } catch (e) {
      setError(e instanceof Error ? e.message : '登录失败')
    }
  }
  return (
    <Screen>
      <Text className="gj-title">选择演示身份</Text>
      <Text className="gj-muted">这是本地演示版：数据都是虚构的。请选择一个身份进入。</Text>
      <ErrorNote message={error} />
      <View className="gj-actions">
        {identities.map((i) => (
          <View key={i.openid} className="gj-card">
            <ActionButton primary onClick={() => choose(i.openid)}>
              {i.name}
            </ActionButton>
            <Text className="gj-muted">{i.description}</Text>
          </View>
        ))}
      </View>
    </Screen>
  )
}
