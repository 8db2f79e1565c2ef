// Log Analytics workspace + workspace-based Application Insights.
//
// - The Functions host sends its telemetry to Application Insights.
// - The Container Apps environment sends console/system logs of the engine-host
//   to the same workspace (through a diagnostic setting, see containerapp.bicep).
//
// Local (key-based) ingestion into Application Insights is switched off: the
// Functions host authenticates with its managed identity instead
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which needs the Monitoring
// Metrics Publisher role granted below.

@description('Azure region for the monitoring resources.')
param location string

@description('Tags applied to the monitoring resources.')
param tags object = {}

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Days the workspace keeps logs. 30 stays inside the retention that comes with ingestion at no extra charge.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Principal ID allowed to publish telemetry with Entra ID (the function app identity).')
param publisherPrincipalId string

// Monitoring Metrics Publisher: lets an identity send telemetry to a component
// whose local authentication is disabled.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, publisherPrincipalId, monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output logAnalyticsWorkspaceId string = workspace.id
output logAnalyticsName string = workspace.name
output applicationInsightsName string = appInsights.name
// The connection string carries only the instrumentation key (an identifier, not
// a credential); with local auth disabled it cannot ingest on its own.
output applicationInsightsConnectionString string = appInsights.properties.ConnectionString
