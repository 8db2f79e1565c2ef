// engine-host: the long-lived Node process that holds one WhatsApp socket per
// linked number. It runs as two (or more) replicas side by side: each session
// is owned by exactly one replica at a time through a renewable blob lease in
// the storage account (container `engine-leases`, see engine-host/README.md,
// "Scale-out"), so there is never a second socket for one number (WhatsApp
// would answer connectionReplaced, 440). When a replica stops or dies, the
// others resume its sessions from the stored auth state once its leases are
// released (graceful stop: at once) or expire (a crash: within about 30 s).
// - at least two, so a crash or a platform move of one replica is not an outage;
// - a fixed count (min = max): nothing here measures load to scale on, and every
//   added replica only spreads the same sessions thinner. Raise `replicas` for
//   more sockets than one replica's memory holds.
// The app has no ingress: it talks only to the storage queues/tables/blobs,
// never takes inbound HTTP.
//
// Logs go to Azure Monitor through a diagnostic setting on the environment
// rather than the environment's built-in "log-analytics" destination, because
// that destination needs the workspace's shared key copied into the template.

@description('Azure region for the environment and the app.')
param location string

@description('Tags applied to the environment; the app gets them plus its azd service tag.')
param tags object = {}

@description('Container Apps environment name.')
param environmentName string

@description('Container app name (2-32 lowercase letters, digits and hyphens).')
@maxLength(32)
param name string

@description('Log Analytics workspace resource ID that receives the console and system logs.')
param logAnalyticsWorkspaceId string

@description('Login server of the registry the image comes from, e.g. crxyz.azurecr.io.')
param registryLoginServer string

@description('Resource ID of the engine-host user-assigned identity (pulls the image, reaches storage).')
param identityId string

@description('Client ID of the engine-host user-assigned identity.')
param identityClientId string

@description('Storage account name.')
param storageAccountName string

@description('Queue service URI, no trailing /.')
param queueServiceUri string

@description('Table service URI, no trailing /.')
param tableServiceUri string

@description('Blob service URI, no trailing /.')
param blobServiceUri string

@description('WhatsApp driver: baileys (real phones) or simulator (offline demo).')
@allowed([
  'baileys'
  'simulator'
])
param waEngine string = 'baileys'

@description('vCPU per replica. 0.25 with 0.5Gi is the smallest Consumption size.')
param cpu string = '0.25'

@description('Memory per replica; must pair with cpu (0.25 -> 0.5Gi, 0.5 -> 1Gi, ...).')
param memory string = '0.5Gi'

@description('How many engine-host replicas run (min = max). At least 2: sessions fail over between them through blob leases.')
@minValue(2)
param replicas int = 2

@description('True once azd has deployed engine-host; keeps the deployed image on re-provision.')
param exists bool = false

// Public sample image used until the first `azd deploy` pushes the real one.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource managedEnv 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: managedEnv
  name: 'to-log-analytics'
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'ContainerAppConsoleLogs'
        enabled: true
      }
      {
        category: 'ContainerAppSystemLogs'
        enabled: true
      }
    ]
  }
}

module current './fetch-container-image.bicep' = {
  name: '${name}-current-image'
  params: {
    exists: exists
    name: name
  }
}

var currentContainers = current.outputs.containers
var image = !empty(currentContainers) ? currentContainers[0].image : placeholderImage

// Settings the engine-host reads (see infra/README.md, "Settings the apps read"):
// the same identity-based names the Functions host uses, so both processes
// share one configuration vocabulary.
var containerEnv = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: queueServiceUri
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: tableServiceUri
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: blobServiceUri
  }
  {
    name: 'WA_STORAGE_ACCOUNT'
    value: storageAccountName
  }
  {
    // @azure/identity's ManagedIdentityCredential / DefaultAzureCredential use
    // this to pick the user-assigned identity.
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'WA_ENGINE'
    value: waEngine
  }
  {
    name: 'NODE_ENV'
    value: 'production'
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'engine-host' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: managedEnv.id
    workloadProfileName: 'Consumption'
    configuration: {
      // Single: a new revision replaces the old one. During the switch both
      // revisions' replicas run side by side; the old ones hand their sessions
      // over on SIGTERM (sockets closed, then leases released) and the new ones
      // take them, so a number never has two sockets at once.
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'engine-host'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: containerEnv
        }
      ]
      scale: {
        minReplicas: replicas
        maxReplicas: replicas
      }
    }
  }
}

output name string = app.name
output environmentName string = managedEnv.name
