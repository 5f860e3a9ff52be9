import { useState } from "react"
import { useNavigate } from "react-router-dom"

/**
 * The open state of a drawer that is a route of its own (`…/@create/page.tsx`), as the dashboard's
 * create and edit drawers are: closing it goes back to the list it opened over.
 */
export function useRouteDrawer(backTo: string) {
  const navigate = useNavigate()
  const [open, setOpen] = useState(true)
  return {
    open,
    onOpenChange: (next: boolean) => {
      setOpen(next)
      if (!next) {
        // After the drawer's closing animation, so that it slides out as the dashboard's do.
        setTimeout(() => navigate(backTo, { replace: true }), 200)
      }
    },
  }
}
