import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

export interface ConfirmOptions {
  title: string
  body?: ReactNode
  /** The action's own verb ("Remove", "Leave"), never a bare "OK". */
  confirmLabel: string
  cancelLabel?: string
  /** Styles the confirm button as destructive. */
  danger?: boolean
}

interface Request extends ConfirmOptions {
  resolve: (confirmed: boolean) => void
}

/**
 * Asks before something that cannot be taken back: `await confirm({...})` is true only when the person
 * chose the action. Render `dialog` once in the component. A modal <dialog>: focus starts on Cancel,
 * Tab stays inside, Esc cancels, and focus goes back to what had it (the button that asked).
 */
export function useConfirm(): { confirm: (options: ConfirmOptions) => Promise<boolean>; dialog: ReactNode } {
  const [request, setRequest] = useState<Request | null>(null)
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        setRequest((current) => {
          current?.resolve(false)
          return { ...options, resolve }
        })
      }),
    [],
  )
  const dialog = request ? (
    <ConfirmDialog
      {...request}
      onClose={(confirmed) => {
        request.resolve(confirmed)
        setRequest(null)
      }}
    />
  ) : null
  return { confirm, dialog }
}

function ConfirmDialog({
  title,
  body,
  confirmLabel,
  cancelLabel,
  danger,
  onClose,
}: ConfirmOptions & { onClose: (confirmed: boolean) => void }) {
  const { t } = useTranslation()
  const id = useId()
  const ref = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const returnTo = document.activeElement
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    cancel.current?.focus()
    return () => {
      // Close first: while a modal dialog is open, the rest of the page is inert and refuses focus.
      if (dialog?.open) dialog.close()
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={body ? `${id}-body` : undefined}
      onCancel={(event) => {
        // Esc: close through React, so the promise settles and focus returns.
        event.preventDefault()
        onClose(false)
      }}
    >
      <h2 id={`${id}-title`} className="confirm-dialog__title">
        {title}
      </h2>
      {body && (
        <div id={`${id}-body`} className="confirm-dialog__body">
          {body}
        </div>
      )}
      <div className="confirm-dialog__actions">
        <button ref={cancel} type="button" className="btn" onClick={() => onClose(false)}>
          {cancelLabel ?? t('confirm.cancel')}
        </button>
        <button
          type="button"
          className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`}
          onClick={() => onClose(true)}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
