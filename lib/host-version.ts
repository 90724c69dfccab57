// Whether the helper speaks this extension's protocol, judged from its hello reply, and which side to update if not.
import { INSTALL_COMMAND } from './install-command';
import { PROTOCOL_VERSION, type Problem } from './protocol';

export interface HelloVersions {
  hostVersion: string;
  protocolVersion: number;
}

/** Undefined when both speak the same protocol; else HOST_OUTDATED or EXTENSION_OUTDATED, with the versions as detail. */
export function protocolMismatch(hello: HelloVersions, extensionVersion: string): Problem | undefined {
  if (hello.protocolVersion === PROTOCOL_VERSION) return undefined;
  const versions = `The Mailbadge helper ${hello.hostVersion} speaks protocol ${hello.protocolVersion}; this extension ${extensionVersion} speaks ${PROTOCOL_VERSION}.`;
  return hello.protocolVersion < PROTOCOL_VERSION
    ? { code: 'HOST_OUTDATED', message: `${versions} Update the helper: in the Mailbadge folder run ${INSTALL_COMMAND}` }
    : { code: 'EXTENSION_OUTDATED', message: `${versions} Update the extension.` };
}
