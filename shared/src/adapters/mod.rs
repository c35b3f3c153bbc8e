//! Adapters of the ports: AWS (production) and embedded (local gateway, tests).
