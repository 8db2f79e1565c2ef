// Key Vault holding the two secrets the function app needs at start-up:
//   wa-admin-key    the bootstrap admin API key (WA_ADMIN_KEY)
//   wa-license-key  the license key (WA_LICENSE_KEY), only when one was given
//
// The function app never sees a secret in its configuration: its app settings
// hold Key Vault references (@Microsoft.KeyVault(SecretUri=...)) that the
// platform resolves with the function app's managed identity.
//
// Authorization is Azure RBAC (no access policies), so access is granted the
// same way as everywhere else in this template: role assignments.

@description('Azure region for the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Globally unique vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@secure()
@description('Value stored as wa-admin-key.')
param adminKey string

@secure()
@description('Value stored as wa-license-key when hasLicenseKey is true.')
param licenseKey string = ''

// A plain flag next to the secure value, so the output below does not have to
// look at the secret itself (outputs must not depend on secure parameters).
@description('Whether a license key was provided.')
param hasLicenseKey bool = false

@description('Principal ID of the function app identity (reads secrets).')
param functionsPrincipalId string

@description('Principal ID of the person running azd (manages secrets). Empty skips the assignment.')
param userPrincipalId string = ''

@description('Type of userPrincipalId: User for a person, ServicePrincipal for a CI identity.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param userPrincipalType string = 'User'

var licenseKeySecretName = 'wa-license-key'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Shortest retention allowed. Purge protection stays off on purpose: with it
    // on, `azd down --purge` could not purge the vault and the next `azd up`
    // with the same environment name would collide with the soft-deleted name.
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'wa-admin-key'
  properties: {
    value: adminKey
    contentType: 'WaFunctions bootstrap admin API key'
  }
}

resource licenseKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasLicenseKey) {
  parent: vault
  name: licenseKeySecretName
  properties: {
    value: licenseKey
    contentType: 'WaFunctions license key'
  }
}

resource functionsReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, functionsPrincipalId, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The person who ran `azd up` can read the admin key (README step) and set or
// rotate the license key without a redeploy.
resource userManagesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: vault
  name: guid(vault.id, userPrincipalId, keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// Versionless URIs: the platform follows the latest version of each secret, so
// a rotated key is picked up without touching the app settings.
output adminKeySecretUri string = adminKeySecret.properties.secretUri
output adminKeySecretName string = adminKeySecret.name
// Built from the vault URI (which ends in '/') rather than read from the
// conditional resource, so the output is well-defined when no license was given.
output licenseKeySecretUri string = hasLicenseKey ? '${vault.properties.vaultUri}secrets/${licenseKeySecretName}' : ''
