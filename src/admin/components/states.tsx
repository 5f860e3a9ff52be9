import { ExclamationCircle, MagnifyingGlass } from "@medusajs/icons"
import { Button, Container, Heading, Skeleton, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage, errorStatus } from "../lib/api"

export type EmptyStateProps = {
  title: string
  description?: ReactNode
  icon?: ReactNode
  action?: ReactNode
  className?: string
}

/** A block's description under its title, when it has one. */
const Description = ({ text }: { text?: ReactNode }) =>
  text ? (
    <Text size="small" className="text-ui-fg-subtle">
      {text}
    </Text>
  ) : null

/** What a section shows when there is nothing to list yet: what it is, and what to do next. */
export const EmptyState = ({ title, description, icon, action, className }: EmptyStateProps) => (
  <div className={clx("flex flex-col items-center justify-center gap-y-3 px-6 py-10 text-center", className)}>
    <div className="bg-ui-bg-component text-ui-fg-subtle shadow-borders-base flex size-10 items-center justify-center rounded-lg">
      {icon ?? <MagnifyingGlass />}
    </div>
    <div className="flex max-w-md flex-col gap-y-1">
      <Text size="small" weight="plus" leading="compact">
        {title}
      </Text>
      <Description text={description} />
    </div>
    {action}
  </div>
)

type ErrorStateProps = { error: unknown; onRetry?: () => void; title?: string; className?: string }

/** A failed request: the API's message, and a retry. */
export const ErrorState = ({ error, onRetry, title, className }: ErrorStateProps) => {
  const status = errorStatus(error)
  const heading =
    title ??
    (status === 401 || status === 403
      ? "You are not allowed to see this"
      : status === 404
        ? "Not found"
        : "Could not load this section")
  return (
    <EmptyState
      className={className}
      icon={<ExclamationCircle className="text-ui-fg-error" />}
      title={heading}
      description={errorMessage(error)}
      action={
        onRetry ? (
          <Button size="small" variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    />
  )
}

/** Placeholder rows while a table loads. */
export const LoadingRows = ({ rows = 5 }: { rows?: number }) => (
  <div className="flex flex-col gap-y-3 px-6 py-4" aria-busy="true" aria-label="Loading">
    {Array.from({ length: rows }, (_, i) => (
      <Skeleton key={i} className="h-5 w-full" />
    ))}
  </div>
)

type SectionHeaderProps = { title: string; description?: ReactNode; actions?: ReactNode; level?: "h1" | "h2" }

/** The header row of a Container, as the dashboard's own sections have it. */
export const SectionHeader = ({ title, description, actions, level = "h2" }: SectionHeaderProps) => (
  <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
    <div className="flex flex-col gap-y-1">
      <Heading level={level}>{title}</Heading>
      <Description text={description} />
    </div>
    {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
  </div>
)

/** A whole page that failed to load. */
export const PageError = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => (
  <Container className="p-0">
    <ErrorState error={error} onRetry={onRetry} />
  </Container>
)

type StatProps = { label: string; value: ReactNode; hint?: ReactNode; tone?: "default" | "error" | "warning" }

/** A labelled figure, as in the dashboard's summary rows. */
export const Stat = ({ label, value, hint, tone = "default" }: StatProps) => (
  <div className="flex flex-col gap-y-1">
    <Text size="xsmall" weight="plus" className="text-ui-fg-muted uppercase tracking-wide">
      {label}
    </Text>
    <Text
      size="xlarge"
      weight="plus"
      leading="compact"
      className={clx("tabular-nums", {
        "text-ui-fg-error": tone === "error",
        "text-ui-tag-orange-text": tone === "warning",
      })}
    >
      {value}
    </Text>
    {hint ? (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    ) : null}
  </div>
)
