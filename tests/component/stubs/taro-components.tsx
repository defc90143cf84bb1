/**
 * DOM stand-ins for @tarojs/components under jest (jsdom): enough of View, Text, Input,
 * Textarea, Picker and Button for pages to render and be driven like the H5 build.
 */
import { createElement, type ReactNode } from 'react'

type Props = Record<string, unknown> & { children?: ReactNode; className?: string }

function pass(tag: string) {
  return function Stub({ children, className, onClick, style, ...rest }: Props) {
    const attrs: Record<string, unknown> = { className, onClick, style }
    for (const [k, v] of Object.entries(rest)) if (k === 'role' || k === 'id' || k.startsWith('aria-')) attrs[k] = v
    return createElement(tag, attrs, children)
  }
}

export const View = pass('div')
export const Text = pass('span')
export const Button = pass('button')

function field(tag: 'input' | 'textarea') {
  return function Field({ value, onInput, className, placeholder, maxlength, ...rest }: Props) {
    const aria: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) if (k.startsWith('aria-')) aria[k] = v
    return createElement(tag, {
      className,
      placeholder,
      maxLength: maxlength,
      value: value ?? '',
      ...aria,
      onChange: (e: { target: { value: string } }) => (onInput as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } }),
    })
  }
}

export const Input = field('input')
export const Textarea = field('textarea')

/** Like Taro's H5 image: an <img> whose alt comes from nativeProps (Taro H5 passes nativeProps to the <img>). */
export function Image({ src, className, nativeProps }: Props) {
  return createElement('img', { src, className, alt: (nativeProps as { alt?: string } | undefined)?.alt })
}

export function Picker({ children }: Props) {
  return createElement('div', { 'data-testid': 'picker' }, children)
}
