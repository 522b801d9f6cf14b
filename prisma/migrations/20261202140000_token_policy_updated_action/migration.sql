-- The policy change's audit action under the name the governance issue gives it
-- (TOKEN_POLICY_UPDATED), now that the policy holds more than the reveal switch.
-- Renaming keeps every recorded event.
ALTER TYPE "AuditAction" RENAME VALUE 'WORKSPACE_TOKEN_POLICY_UPDATED' TO 'TOKEN_POLICY_UPDATED';
