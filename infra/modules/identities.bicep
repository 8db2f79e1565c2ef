// Two user-assigned managed identities, one per workload.
//
// Why user-assigned (not system-assigned):
// - The identity exists before the app does, so every role assignment can be
//   created first; the app starts with its permissions already in place instead
//   of racing them on first boot.
// - The Flex Consumption deployment container and the Key Vault references both
//   need to name the identity explicitly; a resource ID known up front keeps that
//   simple.
// Why two: the function app and the engine-host need different rights (only the
// engine pulls images; only the function app reads Key Vault), so each gets its
// own least-privilege set.

@description('Azure region for the identities.')
param location string

@description('Tags applied to both identities.')
param tags object = {}

@description('Name of the identity used by the function app.')
param functionsIdentityName string

@description('Name of the identity used by the engine-host container app.')
param engineIdentityName string

resource functionsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: functionsIdentityName
  location: location
  tags: tags
}

resource engineIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: engineIdentityName
  location: location
  tags: tags
}

output functionsIdentityId string = functionsIdentity.id
output functionsIdentityClientId string = functionsIdentity.properties.clientId
output functionsIdentityPrincipalId string = functionsIdentity.properties.principalId

output engineIdentityId string = engineIdentity.id
output engineIdentityClientId string = engineIdentity.properties.clientId
output engineIdentityPrincipalId string = engineIdentity.properties.principalId
