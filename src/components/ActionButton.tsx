import { Button } from '@nutui/nutui-react-taro'
import type { PropsWithChildren } from 'react'

interface Props {
  primary?: boolean
  loading?: boolean
  disabled?: boolean
  onClick?: () => void
}

/**
 * The app's one button: large, full width, text only (no icon-only buttons), and exposed to
 * screen readers as a button (Taro's H5 button element carries no role of its own).
 */
export function ActionButton({ primary, loading, disabled, onClick, children }: PropsWithChildren<Props>) {
  const a11y = { role: 'button', tabIndex: 0, 'aria-disabled': disabled || loading ? true : undefined }
  return (
    <Button
      type={primary ? 'primary' : 'default'}
      size="large"
      block
      loading={loading}
      disabled={disabled || loading}
      onClick={onClick}
      {...(a11y as object)}
    >
      {children}
    </Button>
  )
}
