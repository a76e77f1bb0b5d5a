/**
 * The list answers' Go structs (api/types at v1.50, Docker 28.2) the docker
 * CLI decodes GET /containers/json, /images/json, /images/{name}/history,
 * /networks and /volumes into: container.Summary (with Port, its anonymous HostConfig struct and
 * NetworkSettingsSummary), image.Summary,
 * image.HistoryResponseItem, network.Summary (an alias of
 * network.Inspect) and volume.Volume. docker/cli's formatter contexts keep
 * one in an unexported field, so `{{.}}` on a row prints it with %v; fmt
 * cannot call methods through an unexported field, so its times print as
 * time.Time's raw {wall ext loc} (typedSummary's rawTime).
 * Checked against the real client: `docker ps --format '{{printf "%+v" .}}'`
 * and friends against `container-sim serve` name these fields in this order.
 * SIMPLIFICATIONS: container.ContainerState is written as string.
 */

import { declareStructs, goTyped } from './gotypes.ts';
import { API_TYPES } from './apitypes.ts';

declareStructs(
  'container',
  {
    Summary: `
      ID string Id
      Names []string
      Image string
      ImageID string
      ImageManifestDescriptor *v1.Descriptor ,omitempty
      Command string
      Created int64
      Ports []Port
      SizeRw int64 ,omitempty
      SizeRootFs int64 ,omitempty
      Labels map[string]string
      State string
      Status string
      HostConfig SummaryHostConfig
      NetworkSettings *NetworkSettingsSummary
      Mounts []MountPoint`,
    // Go declares it inline: struct { NetworkMode string; Annotations map[string]string }.
    SummaryHostConfig: 'NetworkMode string ,omitempty\nAnnotations map[string]string ,omitempty',
    Port: 'IP string ,omitempty\nPrivatePort uint16\nPublicPort uint16 ,omitempty\nType string',
    NetworkSettingsSummary: 'Networks map[string]*network.EndpointSettings',
  },
  API_TYPES,
);

declareStructs(
  'image',
  {
    Summary: `
      Containers int64
      Created int64
      ID string Id
      Labels map[string]string
      ParentID string ParentId
      Descriptor *v1.Descriptor ,omitempty
      Manifests []ManifestSummary ,omitempty
      RepoDigests []string
      RepoTags []string
      SharedSize int64
      Size int64
      VirtualSize int64 ,omitempty`,
    HistoryResponseItem: 'Comment string\nCreated int64\nCreatedBy string\nID string Id\nSize int64\nTags []string',
  },
  API_TYPES,
);

/** The Go type each list answer's items decode into. */
export const SUMMARY_TYPES = {
  container: 'container.Summary',
  image: 'image.Summary',
  history: 'image.HistoryResponseItem',
  network: 'network.Inspect',
  volume: 'volume.Volume',
} as const;

/** One list item decoded as the CLI's formatter holds it (an unexported field: times raw). */
export function typedSummary(kind: keyof typeof SUMMARY_TYPES, raw: unknown): Record<string, unknown> {
  return goTyped(raw, SUMMARY_TYPES[kind], API_TYPES, { rawTime: true }) as Record<string, unknown>;
}
