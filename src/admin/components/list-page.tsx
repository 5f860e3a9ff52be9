import { Button, Container, Tabs } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link, Outlet, useNavigate } from "react-router-dom"
import { humanize } from "../lib/format"
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

/** A secondary button that is a link to another admin page. */
export const LinkButton = ({ to, children }: { to: string; children: ReactNode }) => (
  <Button size="small" variant="secondary" asChild>
    <Link to={to}>{children}</Link>
  </Button>
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

/** Tabs of a list page's header that choose which of the list's statuses it shows (`all`: every one). */
export const StatusTabs = <T extends string>({ value, onChange, tabs }: { value: T; onChange: (tab: T) => void; tabs: readonly T[] }) => (
  <Tabs value={value} onValueChange={(v) => onChange(v as T)}>
    <Tabs.List>
      {tabs.map((tab) => <Tabs.Trigger key={tab} value={tab}>{humanize(tab)}</Tabs.Trigger>)}
    </Tabs.List>
  </Tabs>
)
