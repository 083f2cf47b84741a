import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import { ANALYST_ROLE, hasRole } from './identity.ts';

/** `__schema` and `__type` map the whole graph; `__typename` is every client's and stays open. */
function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      if (field.name.value === '__schema' || field.name.value === '__type') found = true;
    },
  });
  return found;
}

/**
 * Introspection follows the role: analysts always (the IDE's documentation pane needs it), anonymous
 * callers only when `anonymous` allows it (on by default when authentication is off).
 */
export function introspectionAccess(options: { anonymous: boolean }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (options.anonymous || hasRole(contextValue.identity, ANALYST_ROLE) || !asksForSchema(document)) return;
          throw graphQLError(
            'FORBIDDEN',
            `Introspection is open to callers with the "${ANALYST_ROLE}" role; send a token or API key`,
            { http: { status: 403 } },
          );
        },
      };
    },
  };
}
