import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useAccount } from '@/stores/account'

const KEY = 'gj.household'

/**
 * The household the resident is looking at, for pages about "my household" (shares, my door,
 * comments). Most people have one; someone with several flats picks one, and the choice is
 * remembered on this phone. Staff and visitors have none.
 */
export function useMyHousehold() {
  const households = useAccount((s) => s.me?.households) ?? []
  const [chosen, setChosen] = useState<string | null>(() => {
    const saved = Taro.getStorageSync(KEY)
    return typeof saved === 'string' && saved ? saved : null
  })
  const household = households.find((h) => h.householdId === chosen) ?? households[0] ?? null
  const choose = (householdId: string) => {
    setChosen(householdId)
    Taro.setStorageSync(KEY, householdId)
  }
  return { households, household, householdId: household?.householdId ?? null, choose }
}
