import { Button, Container } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Outlet, useNavigate } from "react-router-dom"
import { SectionHeader } from "./states"

type ListPageProps = { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }

/**
 * A page that is one list: its header, the list, and the outlet where its routed drawers
 * (`@create`, `@edit/[id]`) open over it.
 */
export const ListPage = ({ title, description, actions, children }: ListPageProps) => (
  <Container className="divide-y p-0">
    <SectionHeader level="h1" title={title} description={description} actions={actions} />
    {children}
    <Outlet />
  </Container>
)

/** Opens the list's `@create` drawer (the nested route `create`). */
export const CreateButton = ({ label, variant = "secondary" }: { label: string; variant?: "primary" | "secondary" }) => {
  const navigate = useNavigate()
  return (
    <Button size="small" variant={variant} onClick={() => navigate("create")}>
      {label}
    </Button>
  )
}
