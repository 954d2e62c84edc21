import DataCollectIntegrity

/// Name parts for synthetic people and places. Combined at random they describe nobody; no
/// fixture or demo ever contains real personal data.
enum SyntheticNames {
    static let given = [
        "Amina", "Kofi", "Mariam", "Tomas", "Leila", "Yusuf", "Ana", "Kwame", "Fatou", "Ibrahim",
        "Chen", "Priya", "Omar", "Rosa", "Sipho", "Nadia", "Luis", "Aisha", "Jonas", "Mei",
        "Zainab", "Pedro", "Hana", "Tariq", "Grace", "Ravi", "Esther", "Malik", "Sofia", "Abebe",
        "Lina", "Diego", "Halima", "Kenji", "Ruth", "Samir", "Nia", "Mateo", "Ayesha", "Joseph",
    ]
    static let family = [
        "Diallo", "Mensah", "Okafor", "Silva", "Haddad", "Nguyen", "Banda", "Kamau", "Traoré", "Pereira",
        "Rahman", "Osei", "Moyo", "Costa", "Hussein", "Ndlovu", "Santos", "Khan", "Abdi", "Tembo",
        "Mwangi", "Sow", "Adeyemi", "Lopez", "Farah", "Phiri", "Boateng", "Ali", "Mutua", "Cissé",
    ]
    static let villages = [
        "Kalamba", "Nyota", "Riverside", "Mbale Hill", "Santa Cruz", "Dar Es Salam East", "Kanyama",
        "Lakeview", "Bwera", "San Isidro", "Tamale North", "Kibera West", "Oasis", "Highfield",
    ]
    static let districts = ["North", "South", "East", "West", "Central"]
    static let occupations = ["farmer", "trader", "teacher", "student", "casual labour", "nurse", "fisher", "none"]
    static let relationships = ["spouse", "child", "child", "child", "parent", "sibling", "grandchild", "other"]
}
