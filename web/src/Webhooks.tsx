// The workspace's webhook endpoints, for its admins: register one (URL, events,
// description; its signing secret shown once, with how to verify deliveries), see
// each endpoint's state (a day of failures disables it, with the reason) and its
// latest deliveries with their status codes, send a test event, re-enable or
// disable, delete. Everything through the SDK's documents.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useClient, useMutation } from 'urql';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  SendTestWebhookEventDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
  type WebhookDeliveryFieldsFragment,
  type WebhookEndpointFieldsFragment,
  type WebhookEventType,
} from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { CopyField } from './CopyField.js';
import { Time } from './Time.js';

type Endpoint = WebhookEndpointFieldsFragment;
type Delivery = WebhookDeliveryFieldsFragment;

const EVENTS: { value: WebhookEventType; label: string }[] = [
  { value: 'API_TOKEN_CREATED', label: 'api_token.created — a token was created' },
  { value: 'API_TOKEN_REVOKED', label: 'api_token.revoked — a token was revoked (by anyone, for any reason)' },
  { value: 'API_TOKEN_ROTATED', label: 'api_token.rotated — a token got a new secret' },
  { value: 'API_TOKEN_LEAKED', label: 'api_token.leaked — found in public and revoked' },
  { value: 'API_TOKEN_EXPIRING', label: 'api_token.expiring — 7 days and 1 day before expiry' },
  {
    value: 'API_TOKEN_USED_AFTER_REVOCATION',
    label: 'api_token.used_after_revocation — something still uses a revoked token',
  },
  { value: 'API_TOKEN_CANARY_TRIGGERED', label: 'api_token.canary_triggered — a canary token was used' },
  { value: 'TOKEN_POLICY_UPDATED', label: 'token_policy.updated — the workspace token policy changed' },
];
/** The wire name of an event (what the payload's `type` says). */
const wireName = (value: WebhookEventType) =>
  EVENTS.find((option) => option.value === value)?.label.split(' — ')[0] ?? value;
const MAX_ENDPOINTS = 10;
const STATUS: Record<Delivery['status'], string> = { PENDING: 'Pending', SUCCEEDED: 'Delivered', FAILED: 'Failed' };

export function Webhooks() {
  const client = useClient();
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    const result = await client.query(WebhookEndpointsDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    if (result.error || !result.data) {
      setError(result.error ? errorMessage(result.error) : 'The server sent no endpoints.');
      return;
    }
    setError(null);
    setEndpoints([...result.data.webhookEndpoints]);
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="webhooks" aria-labelledby="webhooks-heading" data-testid="webhooks">
      <div className="section-head">
        <h2 id="webhooks-heading">Webhooks</h2>
        {endpoints && endpoints.length < MAX_ENDPOINTS && !adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )}
      </div>
      <p className="muted">
        Token events of your workspace, sent to your endpoints as signed HTTP requests (Standard Webhooks). Only
        workspace admins can see this. At most {MAX_ENDPOINTS} endpoints.
      </p>
      <p className="sr-only" role="status" data-testid="webhooks-status">
        {status}
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load the webhook endpoints: {error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {created && (
        <div className="notice notice-warning created-secret" role="alert" data-testid="webhook-secret">
          <p>
            <strong>This is the only time you will see this endpoint’s signing secret.</strong> Store it where your
            receiver can read it: it verifies that each delivery to {created.url} came from here.
          </p>
          <CopyField label="Signing secret" value={created.secret} buttonLabel="Copy secret" testId="new-secret" />
          <button type="button" className="button-primary" onClick={() => setCreated(null)}>
            Done, I've stored it
          </button>
        </div>
      )}
      {adding && (
        <AddEndpoint
          onCancel={() => setAdding(false)}
          onCreated={(url, secret) => {
            setAdding(false);
            setCreated({ url, secret });
            setStatus(`Endpoint ${url} added.`);
            void load();
          }}
        />
      )}
      {endpoints && endpoints.length === 0 && !adding && <p className="empty-title">No webhook endpoints yet.</p>}
      {endpoints?.map((endpoint) => (
        <EndpointCard
          key={endpoint.id}
          endpoint={endpoint}
          onChanged={(message) => {
            setStatus(message);
            void load();
          }}
        />
      ))}
    </section>
  );
}

function AddEndpoint({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (url: string, secret: string) => void;
}) {
  const [{ fetching }, create] = useMutation(CreateWebhookEndpointDocument);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['API_TOKEN_LEAKED', 'API_TOKEN_CANARY_TRIGGERED']);
  const [fieldError, setFieldError] = useState<{ field: string | null; message: string } | null>(null);
  const urlId = useId();
  const descriptionId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(null);
    const result = await create({ input: { url: url.trim(), events, description: description.trim() || null } });
    const payload = result.data?.createWebhookEndpoint;
    if (result.error || !payload)
      return setFieldError({ field: null, message: result.error ? errorMessage(result.error) : 'Not created.' });
    if (payload.__typename === 'CreateWebhookEndpointSuccess')
      return onCreated(payload.webhookEndpoint.url, payload.secret);
    setFieldError({ field: payload.__typename === 'ValidationError' ? payload.field : null, message: payload.message });
  };

  const toggle = (value: WebhookEventType, on: boolean) =>
    setEvents((current) => (on ? [...current, value] : current.filter((e) => e !== value)));

  return (
    <form className="webhook-form" onSubmit={submit} noValidate aria-label="Add a webhook endpoint">
      <div className="field">
        <label htmlFor={urlId}>Endpoint URL</label>
        <input
          id={urlId}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://example.com/webhooks/api-tokens"
          autoComplete="off"
          required
          aria-invalid={fieldError?.field === 'url' ? true : undefined}
          aria-describedby={fieldError?.field === 'url' ? `${urlId}-error` : undefined}
          autoFocus
        />
        {fieldError?.field === 'url' && (
          <p className="field-error" id={`${urlId}-error`} role="alert">
            {fieldError.message}
          </p>
        )}
      </div>
      <fieldset className="field events">
        <legend>Events</legend>
        {EVENTS.map((option) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              checked={events.includes(option.value)}
              onChange={(e) => toggle(option.value, e.target.checked)}
            />{' '}
            {option.label}
          </label>
        ))}
        {fieldError?.field === 'events' && (
          <p className="field-error" role="alert">
            {fieldError.message}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={descriptionId}>Description (optional)</label>
        <input
          id={descriptionId}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={200}
          autoComplete="off"
        />
      </div>
      {fieldError && fieldError.field !== 'url' && fieldError.field !== 'events' && (
        <p className="notice notice-error" role="alert">
          {fieldError.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={fetching}>
          {fetching ? 'Adding…' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
}

function EndpointCard({ endpoint, onChanged }: { endpoint: Endpoint; onChanged: (message: string) => void }) {
  const client = useClient();
  const [, update] = useMutation(UpdateWebhookEndpointDocument);
  const [, remove] = useMutation(DeleteWebhookEndpointDocument);
  const [, sendTest] = useMutation(SendTestWebhookEventDocument);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const deliveriesId = useId();

  const loadDeliveries = useCallback(async () => {
    const result = await client
      .query(WebhookDeliveriesDocument, { id: endpoint.id, first: 20 }, { requestPolicy: 'network-only' })
      .toPromise();
    const node = result.data?.node;
    if (result.error) return setProblem(errorMessage(result.error));
    setDeliveries(node?.__typename === 'WebhookEndpoint' ? [...node.deliveries] : []);
  }, [client, endpoint.id]);

  useEffect(() => {
    if (showDeliveries) void loadDeliveries();
  }, [showDeliveries, loadDeliveries]);

  /** Runs a mutation; a union member other than success is shown on the card. */
  const act = async (
    run: () => Promise<{ error?: { message: string } | undefined; typename: string | undefined; message?: string }>,
    done: string,
  ) => {
    setProblem(null);
    const outcome = await run();
    if (outcome.error) return setProblem(outcome.error.message);
    if (outcome.message !== undefined) return setProblem(outcome.message);
    onChanged(done);
    if (showDeliveries) void loadDeliveries();
  };

  const setEnabled = (enabled: boolean) =>
    act(
      async () => {
        const result = await update({ input: { id: endpoint.id, enabled } });
        const payload = result.data?.updateWebhookEndpoint;
        return {
          error: result.error,
          typename: payload?.__typename,
          message: payload && payload.__typename !== 'UpdateWebhookEndpointSuccess' ? payload.message : undefined,
        };
      },
      `Endpoint ${endpoint.url} ${enabled ? 're-enabled' : 'disabled'}.`,
    );

  const test = () =>
    act(async () => {
      const result = await sendTest({ input: { id: endpoint.id } });
      const payload = result.data?.sendTestWebhookEvent;
      if (payload?.__typename === 'SendTestWebhookEventSuccess') setShowDeliveries(true);
      return {
        error: result.error,
        typename: payload?.__typename,
        message: payload && payload.__typename !== 'SendTestWebhookEventSuccess' ? payload.message : undefined,
      };
    }, `Test event sent to ${endpoint.url}.`);

  const del = () =>
    act(async () => {
      const result = await remove({ input: { id: endpoint.id } });
      const payload = result.data?.deleteWebhookEndpoint;
      return {
        error: result.error,
        typename: payload?.__typename,
        message: payload && payload.__typename !== 'DeleteWebhookEndpointSuccess' ? payload.message : undefined,
      };
    }, `Endpoint ${endpoint.url} deleted.`);

  return (
    <article className="webhook-card" data-testid="webhook-endpoint" aria-label={`Endpoint ${endpoint.url}`}>
      <div className="webhook-head">
        <code className="found-url">{endpoint.url}</code>
        <span className={`badge ${endpoint.enabled ? 'badge-active' : 'badge-suspended'}`} data-testid="webhook-state">
          {endpoint.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </div>
      {endpoint.description && <p>{endpoint.description}</p>}
      {!endpoint.enabled && endpoint.disabledReason && (
        <p className="notice notice-error" role="note" data-testid="webhook-disabled-reason">
          {endpoint.disabledReason}
        </p>
      )}
      {endpoint.enabled && endpoint.failingSince && (
        <p className="notice notice-warning" role="note">
          Every delivery has failed since <Time iso={endpoint.failingSince} />: it is disabled after a day of failures.
        </p>
      )}
      <p className="muted">Events: {endpoint.events.map(wireName).join(', ')}</p>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <div className="webhook-actions">
        {endpoint.enabled ? (
          <>
            <button type="button" onClick={() => void test()}>
              Send test event
            </button>
            <button type="button" onClick={() => void setEnabled(false)}>
              Disable
            </button>
          </>
        ) : (
          <button type="button" className="button-primary" onClick={() => void setEnabled(true)}>
            Re-enable
          </button>
        )}
        <button
          type="button"
          aria-expanded={showDeliveries}
          aria-controls={deliveriesId}
          onClick={() => setShowDeliveries((s) => !s)}
        >
          {showDeliveries ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        {confirmingDelete ? (
          <>
            <button type="button" className="button-danger" onClick={() => void del()}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirmingDelete(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmingDelete(true)}>
            Delete
          </button>
        )}
      </div>
      <div id={deliveriesId}>
        {showDeliveries && deliveries && deliveries.length === 0 && <p className="muted">No deliveries yet.</p>}
        {showDeliveries && deliveries && deliveries.length > 0 && (
          <table className="tokens deliveries-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id} data-testid="webhook-delivery">
                  <td data-label="Event">
                    <code>{delivery.eventType}</code>
                    <span className="status-reason">
                      <Time iso={delivery.createdAt} />
                    </span>
                  </td>
                  <td data-label="Status">
                    {STATUS[delivery.status]}
                    {delivery.lastStatusCode !== null && ` · HTTP ${delivery.lastStatusCode}`}
                    {delivery.attempts > 1 && ` · ${delivery.attempts} attempts`}
                    {delivery.lastError && <span className="status-reason">{delivery.lastError}</span>}
                    {delivery.nextAttemptAt && (
                      <span className="status-reason">
                        Next attempt <Time iso={delivery.nextAttemptAt} />
                      </span>
                    )}
                  </td>
                  <td data-label="Last attempt">
                    {delivery.lastAttemptAt ? <Time iso={delivery.lastAttemptAt} /> : 'Not yet'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </article>
  );
}
