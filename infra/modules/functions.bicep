// The functions app: a .NET 10 Azure Functions isolated worker (runtime
// dotnet-isolated 10.0) on the Flex Consumption plan. The Functions host runs its
// [Function] triggers: one catch-all HTTP function that serves the whole API (and
// the dashboard) through the app's own minimal-API pipeline, the queue triggers
// (engine-events, webhook-deliveries), a timer, and the Durable Functions
// orchestration that paces each broadcast (task hub in the same storage account,
// Azure Storage provider; see host.json).
//
// On Flex Consumption the runtime is chosen by functionAppConfig.runtime, not by
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION app settings (those are
// deprecated on this plan and deliberately absent here). The code package is
// read from a blob container with the function app's managed identity.
//
// Scale to zero and Durable timers: the platform's scale controller watches the
// task hub's control and work-item queues (Durable Functions' target-based
// scaling on Flex Consumption). A durable timer is a control-queue message that
// becomes visible when it is due, so a broadcast paused for the night (quiet
// hours, daily cap, a suspended instance that is resumed) wakes the app when its
// timer or the resume arrives, with no instance kept running meanwhile. See
// infra/README.md.

@description('Azure region for the plan and the app.')
param location string

@description('Tags applied to the plan; the app gets them plus its azd service tag.')
param tags object = {}

@description('Function app name (becomes <name>.azurewebsites.net).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Storage account used by the Functions host (AzureWebJobsStorage) and by the app.')
param storageAccountName string

@description('Primary blob endpoint of the storage account, ending in / (the deployment container URL is built from it).')
param blobEndpoint string

@description('Blob service URI, no trailing /.')
param blobServiceUri string

@description('Queue service URI, no trailing /.')
param queueServiceUri string

@description('Table service URI, no trailing /.')
param tableServiceUri string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Resource ID of the function app user-assigned identity.')
param identityId string

@description('Client ID of the function app user-assigned identity.')
param identityClientId string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Versionless Key Vault secret URI of the admin key.')
param adminKeySecretUri string

@description('Versionless Key Vault secret URI of the license key; empty when no license key was provided.')
param licenseKeySecretUri string = ''

@description('WhatsApp engine the API expects engine-host to run: baileys (real phones) or simulator (demo, enables /api/v1/dev endpoints).')
@allowed([
  'baileys'
  'simulator'
])
param waEngine string = 'baileys'

@description('Memory per instance. 2048 MB is the platform default; 512 MB is cheaper per execution second but gets a smaller CPU share.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances. 40 is the lowest value Flex Consumption accepts; it also caps runaway cost.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

// Identity-based connection for the Functions host (queue triggers, timers,
// host locks, the Durable task hub). The app itself reads the same settings to
// build its own Table, Queue and Blob clients, so local runs
// (AzureWebJobsStorage=UseDevelopmentStorage=true) and Azure differ only in configuration. The explicit service URIs spare the
// app from constructing endpoints (and are right in sovereign clouds too).
var storageSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  AzureWebJobsStorage__tableServiceUri: tableServiceUri
  // Plain alias for code that wants just the account name.
  WA_STORAGE_ACCOUNT: storageAccountName
  // Azure.Identity's ManagedIdentityCredential / DefaultAzureCredential pick the
  // user-assigned identity from this variable without extra code.
  AZURE_CLIENT_ID: identityClientId
}

var monitoringSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// Secrets arrive as Key Vault references; the platform resolves them with the
// identity named in keyVaultReferenceIdentity below and hands the app the plain
// value as an environment variable.
var waSettings = {
  WA_ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})'
  WA_ENGINE: waEngine
}

// WA_LICENSE_KEY is left out entirely when no license was provided: a reference
// to a secret that does not exist would reach the app as the literal
// "@Microsoft.KeyVault(...)" text.
var licenseSetting = empty(licenseKeySecretUri) ? {} : { WA_LICENSE_KEY: '@Microsoft.KeyVault(SecretUri=${licenseKeySecretUri})' }

var appSettings = union(storageSettings, monitoringSettings, waSettings, licenseSetting)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux; Flex Consumption is Linux-only.
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Without this the platform would try a system-assigned identity (which this
    // app does not have) to resolve the Key Vault references.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // No alwaysReady entries: idle cost stays at zero and the first request
        // after a quiet period pays a cold start (see bench/ for its size).
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
