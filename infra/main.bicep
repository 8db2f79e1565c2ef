// WaFunctions on Azure — entry point for `azd up` / `azd provision`.
//
// Subscription scope, as azd expects: this file creates the resource group
// rg-<environmentName> and deploys every module into it. azd fills the
// parameters from main.parameters.json (AZURE_ENV_NAME, AZURE_LOCATION,
// AZURE_PRINCIPAL_ID, ...) and stores every output below in the azd environment
// (`azd env get-value <OUTPUT>`).
//
// What gets created and why (details in infra/README.md):
//   identities   one user-assigned identity per workload (least privilege)
//   storage      Tables + Queues + Blobs, keys disabled, RBAC only
//   monitoring   Log Analytics + Application Insights (Entra ID ingestion)
//   keyvault     admin key + optional license key, RBAC, read via references
//   registry     ACR Basic for the engine-host image (remote build by azd)
//   functions    Flex Consumption (FC1) function app, runtime dotnet-isolated 10.0
//   containerapp Container Apps environment + engine-host, exactly 1 replica
//
// Nothing here reads or writes an account key: no list-keys calls, no
// connection strings with secrets. infra/check.mjs enforces that.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group (rg-<name>) and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for all resources. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the person (or CI identity) running azd. Gets Key Vault Secrets Officer so the admin key can be read. Empty skips it.')
param principalId string = ''

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Override the resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

// azd generates this once (32 letters/digits, no prompt) and keeps it in the
// azd environment's config, so re-provisioning does not rotate the admin key.
// It is deliberately absent from main.parameters.json; that is what makes azd
// use the generator.
@secure()
@description('Random part of the bootstrap admin API key; the stored key is lw_live_<this>.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 32
      noSpecial: true
    }
  }
})
param waAdminKeySecret string

@secure()
@description('License key (azd env set WA_LICENSE_KEY ...). Empty: no license secret and no WA_LICENSE_KEY setting.')
param waLicenseKey string = ''

@description('WhatsApp driver for engine-host and the API: baileys (real phones) or simulator (offline demo).')
@allowed([
  'baileys'
  'simulator'
])
param waEngine string = 'baileys'

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Flex Consumption maximum instance count (40 is the platform minimum for this cap).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('vCPU of the single engine-host replica.')
param engineCpu string = '0.25'

@description('Memory of the single engine-host replica (pairs with engineCpu).')
param engineMemory string = '0.5Gi'

@description('Set by azd (SERVICE_ENGINE_HOST_RESOURCE_EXISTS) after the first deploy of engine-host.')
param engineHostExists bool = false

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  functionsIdentity: 'id-func-${resourceToken}'
  engineIdentity: 'id-engine-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'function-releases'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  registry: 'cr${resourceToken}'
  functionPlan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  containerEnvironment: 'cae-${resourceToken}'
  containerApp: 'ca-engine-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identities './modules/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    functionsIdentityName: names.functionsIdentity
    engineIdentityName: names.engineIdentity
  }
}

module storage './modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: names.deploymentContainer
    functionsPrincipalId: identities.outputs.functionsIdentityPrincipalId
    enginePrincipalId: identities.outputs.engineIdentityPrincipalId
  }
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    publisherPrincipalId: identities.outputs.functionsIdentityPrincipalId
  }
}

module keyVault './modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.keyVault
    adminKey: 'lw_live_${waAdminKeySecret}'
    licenseKey: waLicenseKey
    hasLicenseKey: !empty(waLicenseKey)
    functionsPrincipalId: identities.outputs.functionsIdentityPrincipalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module registry './modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.registry
    pullPrincipalId: identities.outputs.engineIdentityPrincipalId
  }
}

module functions './modules/functions.bicep' = {
  name: 'functions'
  scope: rg
  // Reading the storage, monitoring and keyVault outputs below makes this
  // module wait for those whole modules, role assignments included: the app
  // never starts before its identity may use storage, telemetry and secrets.
  params: {
    location: location
    tags: tags
    name: names.functionApp
    planName: names.functionPlan
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerName: storage.outputs.deploymentContainerName
    identityId: identities.outputs.functionsIdentityId
    identityClientId: identities.outputs.functionsIdentityClientId
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    adminKeySecretUri: keyVault.outputs.adminKeySecretUri
    licenseKeySecretUri: keyVault.outputs.licenseKeySecretUri
    waEngine: waEngine
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
  }
}

module engineHost './modules/containerapp.bicep' = {
  name: 'engine-host'
  scope: rg
  // Same here: using the registry and storage outputs means AcrPull and the
  // storage roles exist before the replica pulls its image and polls queues.
  params: {
    location: location
    tags: tags
    environmentName: names.containerEnvironment
    name: names.containerApp
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    registryLoginServer: registry.outputs.loginServer
    identityId: identities.outputs.engineIdentityId
    identityClientId: identities.outputs.engineIdentityClientId
    storageAccountName: storage.outputs.name
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    blobServiceUri: storage.outputs.blobServiceUri
    waEngine: waEngine
    cpu: engineCpu
    memory: engineMemory
    exists: engineHostExists
  }
}

// ---- Outputs: azd writes each one into .azure/<env>/.env ----
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

// Base URL of the public API (host.json sets the route prefix "api").
output API_BASE_URL string = 'https://${functions.outputs.defaultHostName}/api/v1'
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name

output AZURE_CONTAINER_APP_NAME string = engineHost.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = engineHost.outputs.environmentName
// azd pushes/builds container images against this registry.
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output WA_ADMIN_KEY_SECRET_NAME string = keyVault.outputs.adminKeySecretName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
