import { Alert, Button, Copy, Drawer, Input, Label, Text } from "@medusajs/ui"
import type { AdminCreateServerApiKeyResponse } from "../../../../../client/types"

type Props = { created: AdminCreateServerApiKeyResponse; open: boolean; onOpenChange: (open: boolean) => void }

/** The new key's secret, shown this once with a copy button: only its hash is stored. */
export const SecretReveal = ({ created, open, onOpenChange }: Props) => (
  <Drawer open={open} onOpenChange={onOpenChange}>
    <Drawer.Content>
      <Drawer.Header>
        <Drawer.Title>Key created: {created.api_key.name}</Drawer.Title>
        <Drawer.Description className="text-ui-fg-subtle txt-small">
          Put the secret in the server's configuration, e.g. as the OpenAI SDK's apiKey.
        </Drawer.Description>
      </Drawer.Header>
      <Drawer.Body className="flex flex-1 flex-col gap-y-5 overflow-y-auto">
        <Alert variant="warning">
          Copy the secret now: you will not see it again. Only its hash is stored; a lost key is revoked and replaced.
        </Alert>
        <div className="flex flex-col gap-y-2">
          <Label htmlFor="api-key-secret" size="small" weight="plus">
            Secret
          </Label>
          <div className="flex items-center gap-x-2">
            <Input id="api-key-secret" readOnly value={created.secret} className="font-mono" onFocus={(e) => e.target.select()} />
            <Copy content={created.secret} variant="default" aria-label="Copy the secret" />
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            The list shows it as {created.api_key.token_prefix}…
          </Text>
        </div>
      </Drawer.Body>
      <Drawer.Footer>
        <Button size="small" onClick={() => onOpenChange(false)}>
          I have copied it
        </Button>
      </Drawer.Footer>
    </Drawer.Content>
  </Drawer>
)
