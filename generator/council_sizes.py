"""Approximate resident population of each council (thousands, mid-2022, rounded).

Only used to size the synthetic surveys (eligible populations and sample sizes), so
an error of a few per cent does not matter. Keyed by ONS code (April 2023 boundaries).
A council missing here falls back to DEFAULT_THOUSANDS.
"""

from __future__ import annotations

DEFAULT_THOUSANDS = 250

POPULATION_THOUSANDS: dict[str, int] = {
    # North East
    "E06000005": 108,  # Darlington
    "E06000047": 526,  # County Durham
    "E08000037": 197,  # Gateshead
    "E06000001": 94,  # Hartlepool
    "E06000002": 144,  # Middlesbrough
    "E08000021": 303,  # Newcastle upon Tyne
    "E08000022": 210,  # North Tyneside
    "E06000057": 323,  # Northumberland
    "E06000003": 137,  # Redcar and Cleveland
    "E08000023": 148,  # South Tyneside
    "E06000004": 198,  # Stockton-on-Tees
    "E08000024": 276,  # Sunderland
    # North West
    "E06000008": 155,  # Blackburn with Darwen
    "E06000009": 141,  # Blackpool
    "E08000001": 298,  # Bolton
    "E08000002": 194,  # Bury
    "E06000049": 404,  # Cheshire East
    "E06000050": 360,  # Cheshire West and Chester
    "E06000063": 274,  # Cumberland
    "E06000064": 226,  # Westmorland and Furness
    "E06000006": 129,  # Halton
    "E08000011": 155,  # Knowsley
    "E10000017": 1235,  # Lancashire
    "E08000012": 487,  # Liverpool
    "E08000003": 568,  # Manchester
    "E08000004": 243,  # Oldham
    "E08000005": 225,  # Rochdale
    "E08000006": 275,  # Salford
    "E08000014": 280,  # Sefton
    "E08000013": 184,  # St. Helens
    "E08000007": 296,  # Stockport
    "E08000008": 232,  # Tameside
    "E08000009": 236,  # Trafford
    "E06000007": 211,  # Warrington
    "E08000010": 332,  # Wigan
    "E08000015": 322,  # Wirral
    # Yorkshire and The Humber
    "E08000016": 247,  # Barnsley
    "E08000032": 552,  # Bradford
    "E08000033": 207,  # Calderdale
    "E08000017": 310,  # Doncaster
    "E06000011": 343,  # East Riding of Yorkshire
    "E06000010": 269,  # Kingston upon Hull
    "E08000034": 437,  # Kirklees
    "E08000035": 822,  # Leeds
    "E06000012": 157,  # North East Lincolnshire
    "E06000013": 170,  # North Lincolnshire
    "E06000065": 618,  # North Yorkshire
    "E08000018": 268,  # Rotherham
    "E08000019": 560,  # Sheffield
    "E08000036": 357,  # Wakefield
    "E06000014": 203,  # York
    # East Midlands
    "E06000015": 263,  # Derby
    "E10000007": 803,  # Derbyshire
    "E06000016": 372,  # Leicester
    "E10000018": 727,  # Leicestershire
    "E10000019": 773,  # Lincolnshire
    "E06000061": 362,  # North Northamptonshire
    "E06000018": 324,  # Nottingham
    "E10000024": 830,  # Nottinghamshire
    "E06000017": 41,  # Rutland
    "E06000062": 430,  # West Northamptonshire
    # West Midlands
    "E08000025": 1157,  # Birmingham
    "E08000026": 350,  # Coventry
    "E08000027": 324,  # Dudley
    "E06000019": 188,  # Herefordshire
    "E08000028": 345,  # Sandwell
    "E06000051": 325,  # Shropshire
    "E08000029": 218,  # Solihull
    "E10000028": 880,  # Staffordshire
    "E06000021": 260,  # Stoke-on-Trent
    "E06000020": 187,  # Telford and Wrekin
    "E08000030": 286,  # Walsall
    "E10000031": 600,  # Warwickshire
    "E08000031": 265,  # Wolverhampton
    "E10000034": 605,  # Worcestershire
    # East of England
    "E06000055": 188,  # Bedford
    "E10000003": 690,  # Cambridgeshire
    "E06000056": 300,  # Central Bedfordshire
    "E10000012": 1510,  # Essex
    "E10000015": 1200,  # Hertfordshire
    "E06000032": 227,  # Luton
    "E10000020": 925,  # Norfolk
    "E06000031": 218,  # Peterborough
    "E06000033": 182,  # Southend-on-Sea
    "E10000029": 768,  # Suffolk
    "E06000034": 178,  # Thurrock
    # London
    "E09000002": 220,  # Barking and Dagenham
    "E09000003": 390,  # Barnet
    "E09000004": 247,  # Bexley
    "E09000005": 340,  # Brent
    "E09000006": 330,  # Bromley
    "E09000007": 211,  # Camden
    "E09000001": 9,  # City of London
    "E09000008": 392,  # Croydon
    "E09000009": 367,  # Ealing
    "E09000010": 330,  # Enfield
    "E09000011": 290,  # Greenwich
    "E09000012": 260,  # Hackney
    "E09000013": 183,  # Hammersmith and Fulham
    "E09000014": 264,  # Haringey
    "E09000015": 261,  # Harrow
    "E09000016": 263,  # Havering
    "E09000017": 310,  # Hillingdon
    "E09000018": 290,  # Hounslow
    "E09000019": 217,  # Islington
    "E09000020": 144,  # Kensington and Chelsea
    "E09000021": 168,  # Kingston upon Thames
    "E09000022": 317,  # Lambeth
    "E09000023": 300,  # Lewisham
    "E09000024": 215,  # Merton
    "E09000025": 352,  # Newham
    "E09000026": 311,  # Redbridge
    "E09000027": 195,  # Richmond upon Thames
    "E09000028": 307,  # Southwark
    "E09000029": 210,  # Sutton
    "E09000030": 312,  # Tower Hamlets
    "E09000031": 278,  # Waltham Forest
    "E09000032": 328,  # Wandsworth
    "E09000033": 205,  # Westminster
    # South East
    "E06000036": 125,  # Bracknell Forest
    "E06000043": 277,  # Brighton and Hove
    "E06000060": 555,  # Buckinghamshire
    "E10000011": 550,  # East Sussex
    "E10000014": 1400,  # Hampshire
    "E06000046": 140,  # Isle of Wight
    "E10000016": 1590,  # Kent
    "E06000035": 280,  # Medway
    "E06000042": 290,  # Milton Keynes
    "E10000025": 730,  # Oxfordshire
    "E06000044": 208,  # Portsmouth
    "E06000038": 175,  # Reading
    "E06000039": 158,  # Slough
    "E06000045": 250,  # Southampton
    "E10000030": 1215,  # Surrey
    "E06000037": 162,  # West Berkshire
    "E10000032": 885,  # West Sussex
    "E06000040": 153,  # Windsor and Maidenhead
    "E06000041": 178,  # Wokingham
    # South West
    "E06000022": 195,  # Bath and North East Somerset
    "E06000058": 400,  # Bournemouth, Christchurch and Poole
    "E06000023": 475,  # Bristol
    "E06000052": 575,  # Cornwall
    "E10000008": 820,  # Devon
    "E06000059": 380,  # Dorset
    "E10000013": 650,  # Gloucestershire
    "E06000053": 2,  # Isles of Scilly
    "E06000024": 217,  # North Somerset
    "E06000026": 265,  # Plymouth
    "E06000066": 575,  # Somerset
    "E06000025": 292,  # South Gloucestershire
    "E06000030": 235,  # Swindon
    "E06000027": 139,  # Torbay
    "E06000054": 515,  # Wiltshire
}
