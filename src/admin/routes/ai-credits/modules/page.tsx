import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Puzzle } from "@medusajs/icons"
import { Badge, Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import type { AiModule } from "../../../lib/api"
import { formatCompact, humanize } from "../../../lib/format"
import { useAiModules } from "../../../lib/hooks"

const FALLBACK_TEXT: Record<string, string> = {
  cheaper_model: "Switch to a cheaper model",
  degrade: "The widget's non-AI path",
  disable: "Refuse the request",
  upgrade_prompt: "Offer the credit packs on sale",
}

const fallbackDetail = (m: AiModule) => {
  const f = m.fallback
  if (f.type === "cheaper_model") {
    return `${f.provider ? `${f.provider} / ` : ""}${f.model ?? "?"}`
  }
  return FALLBACK_TEXT[f.type]
}

const ModulesPage = () => {
  const query = useAiModules()
  return (
    <Container className="divide-y p-0">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h1">AI modules</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The AI features of the store, each with the provider and model it runs on and what happens when credits run
          out. Configured in the plugin options (<code className="txt-compact-small">ai_modules</code>).
        </Text>
      </div>
      {query.isLoading ? (
        <LoadingRows />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.modules.length === 0 ? (
        <EmptyState icon={<Puzzle />} title="No AI modules" description="Add modules under ai_modules in the plugin options." />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Module</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Provider / model</Table.HeaderCell>
                <Table.HeaderCell>Allowed models</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Max output</Table.HeaderCell>
                <Table.HeaderCell>Default estimate</Table.HeaderCell>
                <Table.HeaderCell>When credits run out</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {query.modules.map((m) => (
                <Table.Row key={m.id}>
                  <Table.Cell>
                    <div className="flex flex-col">
                      <Text size="small" weight="plus">
                        {m.name}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {m.id}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={m.enabled ? "green" : "grey"}>{m.enabled ? "Enabled" : "Disabled"}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell>
                    <div className="flex flex-col">
                      <Text size="small">{m.model}</Text>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {m.provider}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <div className="flex max-w-xs flex-wrap gap-1">
                      {m.allowed_models.map((model) => (
                        <Badge key={model} size="2xsmall">
                          {model}
                        </Badge>
                      ))}
                    </div>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">{formatCompact(m.max_output_tokens)} tokens</Table.Cell>
                  <Table.Cell>
                    <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">
                      {formatCompact(m.estimate.input_tokens)} in · {formatCompact(m.estimate.output_tokens)} out
                      {m.estimate.images ? ` · ${m.estimate.images} img` : ""}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="max-w-sm">
                    <div className="flex flex-col py-1">
                      <Text size="small" weight="plus">
                        {humanize(m.fallback.type)}
                      </Text>
                      {fallbackDetail(m) ? (
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          {fallbackDetail(m)}
                        </Text>
                      ) : null}
                      {m.fallback.message ? (
                        <Text size="xsmall" className="text-ui-fg-muted whitespace-normal italic">
                          “{m.fallback.message}”
                        </Text>
                      ) : null}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "AI modules",
  rank: 5,
})

export const handle = {
  breadcrumb: () => "AI modules",
}

export default ModulesPage
