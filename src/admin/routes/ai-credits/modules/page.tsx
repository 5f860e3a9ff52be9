import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Puzzle } from "@medusajs/icons"
import { Container, Heading, Text } from "@medusajs/ui"
import { ListTable } from "../../../components/list-table"
import type { EmptyStateProps } from "../../../components/states"
import { useAiModules } from "../../../hooks/api/modules"
import { MODULE_COLUMNS } from "./components/modules-table/columns"
import { breadcrumbHandle } from "../../../lib/route"

const NO_MODULES: EmptyStateProps = {
  icon: <Puzzle />,
  title: "No AI modules",
  description: "Add modules under ai_modules in the plugin options.",
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
      <ListTable
        rows={query.modules}
        columns={MODULE_COLUMNS}
        query={query}
        empty={NO_MODULES}
      />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "AI modules", rank: 5 })

export const handle = breadcrumbHandle(config.label)

export default ModulesPage
