import Foundation
import DataCollectIntegrity

/// Wire events for pushes: synthetic names only. `minute` counts from 2024-01-01T00:00:00Z.
func wireEvent(_ guid: String, entity: String, type: String = "create-individual", name: String = "Person",
               minute: Int = 0, userId: String = "device-user") -> JSONValue {
    let hours = minute / 60, minutes = minute % 60
    let time = "2024-01-01T" + String(format: "%02d:%02d:00Z", hours, minutes)
    return [
        "guid": .string(guid), "entityGuid": .string(entity), "type": .string(type),
        "data": ["name": .string(name)], "timestamp": .string(time), "userId": .string(userId), "syncLevel": 0,
    ]
}
